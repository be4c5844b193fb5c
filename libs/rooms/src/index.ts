export * from './rooms.module';
export * from './rooms.service';
export * from './default-rooms';
export * from './entities/room.entity';
