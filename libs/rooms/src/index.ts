export * from './rooms.module';
export * from './rooms.service';
export * from './default-rooms';
export * from './entities/room.entity';
export * from './room-spec';
export * from './rooms.errors';
export * from './rooms.lock';
